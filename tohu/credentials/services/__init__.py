"""Every change to keys, credentials and status lists: keys.py (issuer keys), issuing.py
(credentials: the sweep, signing, revoking, suspending, a compromised key's re-issue), names.py
(the name a learner chooses) and exchanges.py (wallet exchanges)."""
