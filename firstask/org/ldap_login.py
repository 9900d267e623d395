"""Sign-in with the organisation's directory (LDAP / Active Directory).

django-auth-ldap checks the password against the directory and keeps name and email
in step; this backend adds what firstask needs: the directory groups decide the
person's roles (``LDAP_ROLE_GROUPS``) at every sign-in, so moving someone between
groups in the directory changes what they may do here the next time they sign in.
Everyone is a first responder (see org.roles); managers also get the admin flag,
never superuser. Only imported when LDAP is configured (config/settings/ldap.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend

from firstask.org.models import Department, StaffProfile
from firstask.org.roles import Role


class DirectoryBackend(LDAPBackend):
    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            apply_directory_roles(user, ldap_user)
        return user


def roles_from_groups(group_dns) -> set[str]:
    wanted = {dn.lower() for dn in group_dns}
    mapped = getattr(settings, "FIRSTASK_LDAP_ROLE_GROUPS", {})
    return {Role.FIRST_RESPONDER.value} | {
        role for role, dn in mapped.items() if dn.lower() in wanted
    }


@transaction.atomic
def apply_directory_roles(user, ldap_user) -> None:
    """Make ``user``'s role groups exactly those its directory groups map to."""
    roles = roles_from_groups(ldap_user.group_dns)
    role_groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    for role in roles - role_groups.keys():
        role_groups[role] = Group.objects.get_or_create(name=role)[0]
    current = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    user.groups.remove(*(role_groups[r] for r in current - roles))
    user.groups.add(*(role_groups[r] for r in roles - current))
    is_staff = Role.MANAGER.value in roles
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_firstask_roles", None)
    _apply_department(user, ldap_user)


def _apply_department(user, ldap_user) -> None:
    attribute = getattr(settings, "FIRSTASK_LDAP_DEPARTMENT_ATTR", "")
    values = ldap_user.attrs.get(attribute.lower(), []) if attribute else []
    department = Department.objects.filter(code__in=values).first() if values else None
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is None:
        StaffProfile.objects.create(user=user, department=department)
    elif department is not None and profile.department_id != department.pk:
        profile.department = department
        profile.save(update_fields=["department"])
