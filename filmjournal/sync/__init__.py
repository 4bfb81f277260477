"""Sync: one journal on several machines, merged through a shared folder."""
