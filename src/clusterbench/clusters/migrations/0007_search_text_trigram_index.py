"""A trigram index for the public database's search on PostgreSQL.

The search looks for a text anywhere in the clusters' search keys (`search_text LIKE
'%...%'`), which no B-tree index serves: with 100,000 clusters every search read them all.
PostgreSQL's pg_trgm (a trusted extension: the database's owner may create it) indexes
such searches. SQLite has nothing like it, so there this migration does nothing.
"""

from django.core.management.base import CommandError
from django.db import DatabaseError, migrations

INDEX = "clusters_search_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("clusters", "ClusterOrganisation")._meta.db_table
    try:
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:  # a user without the CREATE privilege on the database
        raise CommandError(
            f"PostgreSQL refused to add the pg_trgm extension ({' '.join(str(exc).split())}). Ask the "
            "database's owner or a superuser to run CREATE EXTENSION pg_trgm; in it, then "
            "migrate again."
        ) from None
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0006_translated_labels")]

    operations = [migrations.RunPython(create, drop)]
