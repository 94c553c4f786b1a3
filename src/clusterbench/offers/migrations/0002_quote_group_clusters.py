import re

from django.db import migrations, models

# How a discount line was written before quotes kept their group's size.
DISCOUNT = re.compile(r"\((\d+) clusters\)$")


def group_size_from_discount_lines(apps, schema_editor):
    """A discounted quote issued before: its group's size, as its discount line names it."""
    QuoteLine = apps.get_model("offers", "QuoteLine")
    Quote = apps.get_model("offers", "Quote")
    for line in QuoteLine.objects.filter(kind="discount").only("quote_id", "description"):
        found = DISCOUNT.search(line.description)
        if found:
            Quote.objects.filter(pk=line.quote_id).update(group_clusters=int(found.group(1)))


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="group_clusters",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The clusters of the group bid when the quote was issued, which its "
                "discount line names",
                null=True,
            ),
        ),
        migrations.RunPython(group_size_from_discount_lines, migrations.RunPython.noop),
    ]
