"""Intranet sign-in against LDAP / Active Directory (django-auth-ldap), from environment.

Imported by base.py only when ``LDAP_SERVER_URI`` is set; needs the optional ``ldap``
dependency group (``uv sync --group ldap``: python-ldap compiles against libldap2-dev
and libsasl2-dev). Local accounts keep working beside it (ModelBackend stays). See
README "Intranet sign-in" for the variables and an Active Directory example.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_str

try:
    import ldap
    from django_auth_ldap.config import (
        GroupOfNamesType,
        LDAPSearch,
        NestedActiveDirectoryGroupType,
        PosixGroupType,
    )
except ImportError as exc:  # pragma: no cover - depends on the installed groups
    raise ImproperlyConfigured(
        "LDAP_SERVER_URI is set but django-auth-ldap is not installed: "
        "run `uv sync --group ldap` (needs libldap2-dev, libsasl2-dev and a C compiler)."
    ) from exc

GROUP_TYPES = {
    "groupOfNames": GroupOfNamesType,
    "posixGroup": PosixGroupType,
    "activeDirectory": NestedActiveDirectoryGroupType,
}


def role_groups(value: str) -> dict[str, str]:
    """``manager=cn=firstask-managers,ou=groups,dc=example;handler=cn=…`` → {role: dn}.

    ``;`` separates entries because DNs contain commas; the first ``=`` ends the role.
    """
    from firstask.org.roles import Role

    mapping = {}
    for entry in filter(None, (part.strip() for part in value.split(";"))):
        role, _, dn = entry.partition("=")
        if role.strip() not in Role.values or not dn.strip():
            roles = ", ".join(Role.values)
            raise ImproperlyConfigured(
                f"LDAP_ROLE_GROUPS: {entry!r} is not role=group-DN (roles: {roles})"
            )
        mapping[role.strip()] = dn.strip()
    return mapping


AUTH_LDAP_SERVER_URI = env_str("LDAP_SERVER_URI")
AUTH_LDAP_START_TLS = env_bool("LDAP_START_TLS", False)
AUTH_LDAP_BIND_DN = env_str("LDAP_BIND_DN")
AUTH_LDAP_BIND_PASSWORD = env_str("LDAP_BIND_PASSWORD")
AUTH_LDAP_CONNECTION_OPTIONS = {
    ldap.OPT_REFERRALS: 0,  # Active Directory: do not chase referrals
    ldap.OPT_NETWORK_TIMEOUT: 5,
    ldap.OPT_TIMEOUT: 10,
}
AUTH_LDAP_USER_SEARCH = LDAPSearch(
    env_str("LDAP_USER_SEARCH_BASE"),
    ldap.SCOPE_SUBTREE,
    env_str("LDAP_USER_FILTER", "(uid=%(user)s)"),
)
AUTH_LDAP_USER_ATTR_MAP = {
    "first_name": env_str("LDAP_ATTR_FIRST_NAME", "givenName"),
    "last_name": env_str("LDAP_ATTR_LAST_NAME", "sn"),
    "email": env_str("LDAP_ATTR_EMAIL", "mail"),
}
_group_type = env_str("LDAP_GROUP_TYPE", "groupOfNames")
if _group_type not in GROUP_TYPES:
    raise ImproperlyConfigured(f"LDAP_GROUP_TYPE must be one of {', '.join(GROUP_TYPES)}")
AUTH_LDAP_GROUP_TYPE = GROUP_TYPES[_group_type]()
AUTH_LDAP_GROUP_SEARCH = LDAPSearch(
    env_str("LDAP_GROUP_SEARCH_BASE", env_str("LDAP_USER_SEARCH_BASE")),
    ldap.SCOPE_SUBTREE,
    env_str("LDAP_GROUP_FILTER", "(objectClass=*)"),
)
AUTH_LDAP_REQUIRE_GROUP = env_str("LDAP_REQUIRE_GROUP") or None
# Members of this group are refused (the directory's "disabled accounts" group).
AUTH_LDAP_DENY_GROUP = env_str("LDAP_DENY_GROUP") or None
AUTH_LDAP_ALWAYS_UPDATE_USER = True
AUTH_LDAP_FIND_GROUP_PERMS = False
AUTH_LDAP_CACHE_TIMEOUT = 0
# Directory group DN → role (firstask.org.roles); applied at every sign-in.
FIRSTASK_LDAP_ROLE_GROUPS = role_groups(env_str("LDAP_ROLE_GROUPS"))
# An attribute holding the department's code (e.g. departmentNumber), optional.
FIRSTASK_LDAP_DEPARTMENT_ATTR = env_str("LDAP_DEPARTMENT_ATTR")
