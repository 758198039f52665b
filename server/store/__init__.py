"""Storage: the schema, the database and its transactions, queries, migrations."""
