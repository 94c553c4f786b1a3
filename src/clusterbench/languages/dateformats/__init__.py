"""Dates as each language writes them on pages (FORMAT_MODULE_PATH): templates name the
format ("DATE_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
"MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT") rather than spell
one out, so a Serbian page reads "31. mart 2027." where an English one reads
"31 March 2027" or "31 Mar 2027". What a module leaves out is Django's."""
