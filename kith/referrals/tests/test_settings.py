"""Production refuses to start without referral keys; keys may come from a file."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def _check_deploy(**env):
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "KITH_REFERRAL_KEYS", "KITH_REFERRAL_KEYS_FILE",
                            "KITH_REFERRAL_LOOKUP_KEY", "KITH_REFERRAL_LOOKUP_KEY_FILE"}}
    environment.update(KITH_ENV="production", SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
                       ALLOWED_HOSTS="kith.example.org", KITH_REFERRAL_LOOKUP_KEY="a-long-random-lookup-secret-" + "h" * 40)
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_referral_keys():
    result = _check_deploy()
    assert result.returncode != 0
    assert "KITH_REFERRAL_KEYS" in result.stderr


def test_referral_keys_can_come_from_a_file(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text(f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}\n")
    result = _check_deploy(KITH_REFERRAL_KEYS_FILE=str(keys))
    assert result.returncode == 0, result.stdout + result.stderr


def test_malformed_referral_keys_fail_the_start_up_check():
    result = _check_deploy(KITH_REFERRAL_KEYS="not-a-fernet-key")
    assert result.returncode != 0
    assert "kith.referrals.E001" in result.stdout + result.stderr
