"""What assistive technology needs on every page: a skip link, a named main menu, and
inline SVG charts announced as images with a title."""

import re

from clusterbench.web.templatetags.svg import labelled_svg


def test_every_page_starts_with_a_skip_link_to_the_main_content(client, db):
    text = client.get("/").text
    assert '<a class="skip-link" href="#main">Skip to the main content</a>' in text
    assert '<main id="main" tabindex="-1">' in text
    assert '<nav aria-label="Main">' in text


def test_the_menu_needs_no_script(client, db):
    text = client.get("/").text
    assert '<details class="menu">' in text and "<summary>Menu</summary>" in text
    assert "<script" not in text


class TestChartsAsImages:
    def test_an_svg_gets_a_role_a_label_and_a_title(self):
        svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10"><path d="M0 0"/></svg>'
        shown = labelled_svg(svg, "Area scores <radar>")
        assert shown.startswith(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" role="img" '
            'aria-label="Area scores &lt;radar&gt;"><title>Area scores &lt;radar&gt;</title>'
        )

    def test_an_svg_with_a_role_is_left_alone(self):
        svg = '<svg role="img" aria-label="x"><title>x</title></svg>'
        assert labelled_svg(svg, "y") == svg

    def test_the_network_radar_is_an_image_with_a_title(self, client, people, framework):
        import datetime as dt

        from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster

        for i in range(5):
            member = new_cluster(f"Member {i}", "RS")
            make_benchmarking(framework, member, dt.date(2025, 5, 1))
            people.network.members.add(member)
        client.login(username="coord", password=PASSWORD)
        text = client.get(f"/networks/{people.network.pk}/").text
        # The chart names itself: a title and a description (its figures) that label it.
        found = re.search(
            r'<svg [^>]*role="img" aria-labelledby="(chart-\w+-title) (chart-\w+-desc)"', text
        )
        assert found
        assert f'<title id="{found[1]}">Radar chart: median area scores' in text
        assert f'<desc id="{found[2]}">Radar chart: median area scores' in text


def test_an_invalid_field_is_marked_and_described_by_its_message(client, people):
    from tests.engagement_fixtures import PASSWORD

    client.login(username="man", password=PASSWORD)
    response = client.post(
        "/engagements/request/",
        {"cluster": "new", "name": "Nova", "name_en": "Nova", "year_founded": "two thousand"},
    )
    text = response.content.decode()
    assert (
        'id="year_founded" name="year_founded" aria-invalid="true" '
        'aria-describedby="year_founded-error"' in text
    )
    assert '<p class="field-error" id="year_founded-error">Year founded must be a year' in text
    assert 'value="Nova"' in text
