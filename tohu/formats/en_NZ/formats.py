"""New Zealand dates and times, one style everywhere: 7 Dec 2026, 3:30 pm.

Django reads these through FORMAT_MODULE_PATH; templates use `|date` and `|time` with no
format of their own (or a named one, "DATETIME_FORMAT"), so a page never invents another.
"am" and "pm" come from tohu/locale/en_NZ, which translates Django's "a.m." and "p.m.".
"""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = "j M Y, g:i a"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, g:i a"
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
