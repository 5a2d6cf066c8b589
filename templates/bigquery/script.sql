BEGIN TRANSACTION;
{{#statements}}
{{statement}};
{{/statements}}
COMMIT TRANSACTION
