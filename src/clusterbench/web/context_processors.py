from clusterbench.clusters.models import ClusterOrganisation


def demo_data(request) -> dict:
    """Every page says so when the database holds the synthetic demonstration population."""
    return {"shows_synthetic_data": ClusterOrganisation.objects.filter(is_synthetic=True).exists()}
