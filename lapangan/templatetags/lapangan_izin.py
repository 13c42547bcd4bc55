"""Template questions to the field pages' policy, for pages of other apps
that link to them (the case app cannot import lapangan: it sits above)."""

from __future__ import annotations

from django import template

from lapangan.permissions import boleh_buka

register = template.Library()


@register.simple_tag(takes_context=True)
def boleh_buka_lapangan(context, rujukan) -> bool:
    """May the page's user open this case's field page (lapangan:kasus)?"""
    request = context.get("request")
    return bool(request is not None and boleh_buka(user=request.user, rujukan=rujukan))
