"""Every change to keys, credentials and status lists: keys.py and issuing.py."""
