# Serbian in Cyrillic script (Django's locale "sr") writes dates as in Latin script.
from clusterbench.languages.dateformats.sr_Latn.formats import (  # noqa: F401
    DATE_FORMAT,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    YEAR_MONTH_FORMAT,
)
