from django.contrib.admin import AdminSite


class AdministratorsAdminSite(AdminSite):
    site_header = "Kith administration"
    site_title = "Kith administration"

    def has_permission(self, request):
        # Staff flags alone never open the admin: only the instance's administrators.
        return request.user.is_active and request.user.is_superuser
