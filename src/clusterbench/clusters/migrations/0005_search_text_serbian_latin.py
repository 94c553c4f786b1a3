from django.db import migrations

from clusterbench.clusters.search import search_key


def refill(apps, schema_editor):
    """Names with Latin đ (and other letters without decomposition) get their new key."""
    Cluster = apps.get_model("clusters", "ClusterOrganisation")
    changed = []
    for cluster in Cluster.objects.only("name", "name_en", "search_text").iterator():
        key = search_key(f"{cluster.name} {cluster.name_en}")
        if key != cluster.search_text:
            cluster.search_text = key
            changed.append(cluster)
    Cluster.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0004_public_database_indexes"),
    ]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
