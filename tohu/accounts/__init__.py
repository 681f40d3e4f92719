"""Accounts: passwords and their recovery, sign-in throttling, multi-factor sign-in, and sign-in
through an organisation's identity provider."""
