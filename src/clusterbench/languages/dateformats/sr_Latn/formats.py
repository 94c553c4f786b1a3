# Serbian writes the day as an ordinal and ends the year with a point: "31. mart 2027.".
# The month is written out in tables too: Django's abbreviations ("Mar.", "aug.") are not
# Serbian usage.
DATE_FORMAT = "j. F Y."  # 31. mart 2027.
SHORT_DATE_FORMAT = "j. F Y."
SHORT_DATETIME_FORMAT = "j. F Y. H:i"  # 31. mart 2027. 14:30
MONTH_DAY_FORMAT = "j. F"  # 31. mart (a range's first day)
YEAR_MONTH_FORMAT = "F Y."  # mart 2027.
