from django.apps import AppConfig


class BenchmarkingsConfig(AppConfig):
    name = "clusterbench.benchmarkings"
    verbose_name = "Benchmarkings"
