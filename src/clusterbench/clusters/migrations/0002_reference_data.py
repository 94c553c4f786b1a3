from django.db import migrations

from clusterbench.clusters.reference_data import reference_data_load


def load(apps, schema_editor):
    reference_data_load(apps.get_model("clusters", "Country"),
                        apps.get_model("clusters", "Portfolio"))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
