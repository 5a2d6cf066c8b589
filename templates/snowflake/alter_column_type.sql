ALTER TABLE {{table}} ALTER COLUMN {{column}} SET DATA TYPE {{type}}
