"""The schema migrations, one module per Alembic revision."""
