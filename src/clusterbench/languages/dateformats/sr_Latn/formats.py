# Serbian writes the day as an ordinal, the month of a day in the genitive ("E": the
# project's catalogue gives Django's "alt. month" names as januara ... decembra) and ends
# the year with a point: "31. marta 2027.". The month is written out in tables too:
# Django's abbreviations ("Mar.", "aug.") are not Serbian usage. A month without a day
# stays in the nominative: "mart 2027.".
DATE_FORMAT = "j. E Y."  # 31. marta 2027.
SHORT_DATE_FORMAT = "j. E Y."
SHORT_DATETIME_FORMAT = "j. E Y. H:i"  # 31. marta 2027. 14:30
MONTH_DAY_FORMAT = "j. E"  # 31. marta (a range's first day)
YEAR_MONTH_FORMAT = "F Y."  # mart 2027.
