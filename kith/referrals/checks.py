"""Start-up check: unusable referral keys are reported by `manage.py check`, not at the first referral."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import crypto


@checks.register(checks.Tags.security)
def referral_keys_are_fernet_keys(app_configs, **kwargs) -> list:
    try:
        crypto.check_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="kith.referrals.E001")]
    return []
