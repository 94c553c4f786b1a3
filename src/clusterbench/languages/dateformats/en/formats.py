# English: the long month in a sentence, the short one in tables; a 24-hour clock.
DATE_FORMAT = "j F Y"  # 31 March 2027
SHORT_DATE_FORMAT = "j M Y"  # 31 Mar 2027
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 31 Mar 2027 14:30
MONTH_DAY_FORMAT = "j F"  # 31 March (a range's first day)
YEAR_MONTH_FORMAT = "F Y"  # March 2027
