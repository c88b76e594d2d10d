"""spacecards settings: one file, everything deploy-relevant read from the environment.

Defaults are safe for production (DEBUG off, no wildcard hosts); `make run` turns DEBUG on
for local use. See README.md for every variable.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP

from config.database import database_from_url
from config.environment import env_bool, env_int, env_list, proxy_ssl_header

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPACECARDS_VAR_DIR", BASE_DIR / "var"))


def local_secret_key() -> str:
    """A random key kept in var/, so a single machine needs no set-up and no key is in the code.

    Deployments with several machines set SECRET_KEY in the environment instead.
    """
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Anyone who can reach the site may create an account unless this is switched off.
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", True)
# The time zone a new learner's study day starts in until they choose their own.
DEFAULT_STUDY_TIME_ZONE = os.environ.get("DEFAULT_STUDY_TIME_ZONE", "UTC")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "cards",
    "scheduler",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise (static files stay cacheable), before everything that answers a page.
    "scheduler.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "scheduler.middleware.HtmxLoginRedirectMiddleware",
    "scheduler.middleware.FormAddressMiddleware",
    # Last, so it sees the refused sign-in the views flagged and answers with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}", VAR_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first, as Django recommends, with OWASP's parameters (scheduler.auth): a sign-in
# costs ~0.03 s of CPU instead of PBKDF2's ~0.4 s (see `make benchmark`). The others stay so
# existing hashes still verify; Django rehashes them with Argon2id at the next sign-in.
PASSWORD_HASHERS = [
    "scheduler.auth.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out username+address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "scheduler.auth.StudyProfileBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes), on the site's and the admin's sign-in alike: after
# LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is refused
# for LOGIN_LOCKOUT_MINUTES, even with the right password. Other usernames from the address
# and the same username from elsewhere are not affected, so nobody can lock a learner out.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "scheduler.views.accounts.locked_out"
# No start-up banner on every command; lockouts are still logged as warnings.
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail (password reset links) goes through the SMTP server EMAIL_HOST when one is set; with
# DEBUG and no server it is printed on the console; otherwise no mail goes out.
_email_host = os.environ.get("EMAIL_HOST", "")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Otherwise MAILERS stays unset, and nothing here sends mail: an empty one, or a console one
# in production, would fail `check --deploy` for a mailer nothing uses.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "spacecards <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# "Forgot your password?" is offered only where its mail reaches someone: telling a learner a
# link is on its way when no mail can go out would leave them stuck and misled.
PASSWORD_RESET_OPEN = bool(_email_host) or DEBUG

# Content-Security-Policy, enforced on every response: scripts, styles, images and frames come
# from this site only, and an inline <script> or <style> runs only with the request's nonce
# ({{ csp_nonce }}; the admin and django-htmx add it themselves). No inline style="" or
# on*="" attribute runs at all, so card text can never bring its own script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

# Uploaded topic files are read in memory and never stored; this bounds them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Set it only when a proxy in front of the app sets this header on every request (and drops
# any the client sent): then a request the proxy received over HTTPS counts as secure.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("SECURE_PROXY_SSL_HEADER", ""))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
