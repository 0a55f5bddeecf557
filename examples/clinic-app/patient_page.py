"""The clinic's page for a patient: the visit's Meedio meeting embedded with the docs' iframe."""

from __future__ import annotations

import html

from clinic import Visit
from meedio_client.embed import customize_url, iframe_html


def patient_page(visit: Visit, patient_name: str) -> str:
    """HTML the clinic serves the patient: their name prefilled, the terms already accepted."""
    link = customize_url(visit.link, name=patient_name, tos_accepted=True)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Your video visit</title></head><body>"
        f"<h1>Your video visit, {html.escape(patient_name)}</h1>"
        f"{iframe_html(link, height='640', title='Video visit')}</body></html>"
    )
