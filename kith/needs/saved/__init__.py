"""Saved views: a needs page's address kept under a name, so officers and LIO staff can share what they found."""
