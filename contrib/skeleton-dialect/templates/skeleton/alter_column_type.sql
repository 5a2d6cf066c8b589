{{! TODO(new dialect): A column type migration in place; a warehouse without ALTER ... TYPE ... USING returns no Migration from SkeletonTypes (or migrates through add_column, copy_column, drop_column, rename_column). }}
ALTER TABLE {{table}} ALTER COLUMN {{column}} TYPE {{type}} USING {{cast}}
