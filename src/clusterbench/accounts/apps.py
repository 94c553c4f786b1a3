from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clusterbench.accounts"
    verbose_name = "Accounts and roles"
