"""Index the search documents: SQLite FTS5 kept by triggers, PostgreSQL a weighted tsvector (GIN).

The ORM writes plain rows to register_searchdocument; each database keeps its own index of them.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE register_search_fts USING fts5(
        title, statement, outcomes,
        content='register_searchdocument',
        content_rowid='micro_credential_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER register_searchdocument_after_insert AFTER INSERT ON register_searchdocument
    BEGIN
        INSERT INTO register_search_fts (rowid, title, statement, outcomes)
        VALUES (new.micro_credential_id, new.title, new.statement, new.outcomes);
    END
    """,
    """
    CREATE TRIGGER register_searchdocument_after_delete AFTER DELETE ON register_searchdocument
    BEGIN
        INSERT INTO register_search_fts (register_search_fts, rowid, title, statement, outcomes)
        VALUES ('delete', old.micro_credential_id, old.title, old.statement, old.outcomes);
    END
    """,
    """
    CREATE TRIGGER register_searchdocument_after_update AFTER UPDATE ON register_searchdocument
    BEGIN
        INSERT INTO register_search_fts (register_search_fts, rowid, title, statement, outcomes)
        VALUES ('delete', old.micro_credential_id, old.title, old.statement, old.outcomes);
        INSERT INTO register_search_fts (rowid, title, statement, outcomes)
        VALUES (new.micro_credential_id, new.title, new.statement, new.outcomes);
    END
    """,
    # rank by bm25 weighing a title match most, then the statement, then the outcomes
    "INSERT INTO register_search_fts (register_search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')",
    "INSERT INTO register_search_fts (register_search_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS register_searchdocument_after_update",
    "DROP TRIGGER IF EXISTS register_searchdocument_after_delete",
    "DROP TRIGGER IF EXISTS register_searchdocument_after_insert",
    "DROP TABLE IF EXISTS register_search_fts",
]

POSTGRESQL_FORWARD = [
    """
    ALTER TABLE register_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, statement), 'B')
        || setweight(to_tsvector('english'::regconfig, outcomes), 'C')
    ) STORED
    """,
    """
    CREATE INDEX register_searchdocument_search_vector
    ON register_searchdocument USING gin (search_vector)
    """,
]

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS register_searchdocument_search_vector",
    "ALTER TABLE register_searchdocument DROP COLUMN IF EXISTS search_vector",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, direction):
    forward, backward = STATEMENTS[schema_editor.connection.vendor]
    for statement in forward if direction == "forward" else backward:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, "forward")


def backward(apps, schema_editor):
    _run(schema_editor, "backward")


class Migration(migrations.Migration):
    dependencies = [("register", "0002_fields_of_study")]
    operations = [migrations.RunPython(forward, backward)]
