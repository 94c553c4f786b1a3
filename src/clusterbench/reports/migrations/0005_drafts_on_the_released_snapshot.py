from django.db import migrations


def drafts_on_the_released_snapshot(apps, schema_editor):
    """Drafts made before every version of a report shared its peers: a correction was
    drafted on a newly frozen snapshot. Each draft of a benchmarking with a released report
    moves to the snapshot it is drafted on now (reports.selectors.report_snapshot): the
    released version of its language, else the latest released one."""
    ReportVersion = apps.get_model("reports", "ReportVersion")
    drafts = ReportVersion.objects.filter(
        status="draft", benchmarking__reports__status="released"
    ).distinct()
    for draft in drafts:
        released = ReportVersion.objects.filter(
            benchmarking_id=draft.benchmarking_id, status="released"
        ).order_by("-number")
        version = released.filter(language=draft.language).first() or released.first()
        if version.snapshot_id != draft.snapshot_id:
            ReportVersion.objects.filter(pk=draft.pk).update(snapshot_id=version.snapshot_id)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_editorial_revision"),
    ]

    operations = [
        migrations.RunPython(drafts_on_the_released_snapshot, migrations.RunPython.noop),
    ]
