"""Which team policy a user asked for: a policy id of the catalogue, or automatic (by size)."""

from __future__ import annotations

from certpath.catalogue.model import Catalogue, TeamPolicy
from certpath.errors import UnknownChoiceError

#: The policy choice that follows the size of the roster, or of the whole active organisation.
AUTOMATIC = "automatic"


def named_policy(catalogue: Catalogue, policy_id: str) -> TeamPolicy:
    """The team policy asked for by id; an unknown id lists every choice, 'automatic' included."""
    if policy_id not in catalogue.team_policies:
        raise UnknownChoiceError("team policy", policy_id, choices=(*catalogue.team_policies, AUTOMATIC))
    return catalogue.team_policies[policy_id]
