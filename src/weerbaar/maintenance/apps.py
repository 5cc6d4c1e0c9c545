from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    name = "weerbaar.maintenance"
    verbose_name = "Maintenance"
