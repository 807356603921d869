import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEPLOY_REFERRAL_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # a valid Fernet key, for these checks only


def _check_deploy(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    # Production refuses to start without referral encryption and lookup keys (kith/referrals tests that).
    environment.update({"KITH_REFERRAL_KEYS": DEPLOY_REFERRAL_KEY, "KITH_REFERRAL_LOOKUP_KEY": "deploy-check-" + "k" * 40,
                        **env})
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_production_settings():
    result = _check_deploy(KITH_ENV="production", SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
                           ALLOWED_HOSTS="kith.example.org")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _check_deploy(KITH_ENV="production", SECRET_KEY="", ALLOWED_HOSTS="kith.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-long-random-production-secret-from-a-file-" + "f" * 40)
    result = _check_deploy(KITH_ENV="production", SECRET_KEY="", SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="kith.example.org")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_empty_database_url_means_the_default_database():
    result = subprocess.run([sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kith.settings'; "
                             "django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"],
                            cwd=ROOT, env={**os.environ, "DATABASE_URL": ""}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_production_caches_on_disk_so_every_worker_shares_limits_and_trusts_one_proxy(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update({"KITH_REFERRAL_KEYS": DEPLOY_REFERRAL_KEY, "KITH_REFERRAL_LOOKUP_KEY": "deploy-check-" + "k" * 40,
                        "KITH_ENV": "production", "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
                        "ALLOWED_HOSTS": "kith.example.org", "KITH_CACHE_DIR": str(tmp_path / "cache"),
                        "DJANGO_SETTINGS_MODULE": "kith.settings"})
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.KITH_TRUSTED_PROXIES)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.filebased.FileBasedCache", str(tmp_path / "cache"), "1"]
