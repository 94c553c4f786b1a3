import pytest
from django.core.exceptions import ValidationError

from clusterbench.accounts.models import User
from clusterbench.accounts.services import user_create
from clusterbench.clusters.models import Network
from clusterbench.clusters.services import cluster_create


@pytest.fixture
def cluster(db):
    return cluster_create(
        name="Klaster", name_en="Test Cluster", country_code="HR", portfolio_slug="food"
    )


@pytest.mark.django_db
class TestRoles:
    def test_a_cluster_manager_is_tied_to_their_organisations(self, cluster):
        user = user_create(
            username="jelena", password="pw-long-enough", role="cluster_manager", clusters=[cluster]
        )
        assert list(user.clusters.all()) == [cluster]
        assert list(cluster.managers.all()) == [user]

    def test_a_network_coordinator_needs_a_network(self):
        with pytest.raises(ValidationError, match="must be tied to a network"):
            user_create(username="nina", password="pw-long-enough", role="network_coordinator")
        assert not User.objects.filter(username="nina").exists()

    def test_only_a_coordinator_is_tied_to_a_network(self):
        network = Network.objects.create(name="Some network")
        with pytest.raises(ValidationError, match="Only a network coordinator"):
            user_create(username="ed", password="pw-long-enough", role="expert", network=network)

    def test_an_unknown_role_is_refused(self):
        with pytest.raises(ValidationError, match="role"):
            user_create(username="x", password="pw-long-enough", role="janitor")


@pytest.mark.django_db
class TestTheAdmin:
    def test_the_secretariat_manages_everything_in_the_admin(self, client, cluster):
        user_create(username="sec", password="pw-long-enough", role="secretariat")
        client.login(username="sec", password="pw-long-enough")
        for url in [
            "/admin/",
            "/admin/clusters/clusterorganisation/",
            f"/admin/clusters/clusterorganisation/{cluster.pk}/change/",
            "/admin/clusters/clusterorganisation/add/",
            "/admin/engagements/benchmarking/",
            "/admin/accounts/user/add/",
            "/admin/methodology/framework/",
            "/admin/clusters/network/add/",
        ]:
            assert client.get(url).status_code == 200, url

    @pytest.mark.parametrize("role", ["expert", "cluster_manager"])
    def test_other_roles_are_kept_out_of_the_admin(self, client, role):
        user_create(username="u", password="pw-long-enough", role=role)
        client.login(username="u", password="pw-long-enough")
        response = client.get("/admin/clusters/clusterorganisation/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_the_admin_lists_clusters_for_the_secretariat(self, client, cluster):
        user_create(username="sec", password="pw-long-enough", role="secretariat")
        client.login(username="sec", password="pw-long-enough")
        assert "Test Cluster" in client.get("/admin/clusters/clusterorganisation/").text
