"""MATCH-STACK: which credential a pathway step gives a person, on their own cloud.

A step's options may name one credential per cloud; a step with one fixed option, or a
default for clouds it does not list, may still name another cloud's exam. Such an exam
is swapped for its counterpart on the person's cloud (the catalogue's `counterparts`),
unless the person asked for that cloud as a second one. A Databricks credential stays
where the step keeps it for neutrality (VENDOR-NEUTRAL) or where the person's cloud has
no counterpart (Databricks runs on every major cloud). With no cloud given, the source's
own choice stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from certpath.catalogue.model import Catalogue, Credential, Option, PathwayStep

PLATFORMS = ("aws", "azure", "gcp", "databricks")
NAMES = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud", "databricks": "Databricks"}


@dataclass(frozen=True, slots=True)
class Choice:
    """The item a step gives this person (None: the step is skipped), and the sentence why."""

    item: str | None
    why: str
    optional: bool = False
    replaced: str | None = None  # the source's item this cloud's counterpart took the place of


def choose(catalogue: Catalogue, step: PathwayStep, *, cloud: str, second_cloud: str | None) -> Choice:
    """The step's item for a person on `cloud` who may have asked for `second_cloud` too."""
    if step.second_cloud:
        return _second_cloud_step(catalogue, step, cloud, second_cloud)
    option, why, matched = _option(step, cloud)
    if option.item is None:
        return Choice(None, f"Skipped: {option.why}.")
    if matched or cloud not in PLATFORMS:
        return Choice(option.item, why, step.optional)
    return _on_own_cloud(catalogue, step, option.item, why, cloud=cloud, second_cloud=second_cloud)


def with_article(word: str) -> str:
    """'an AWS', 'a Databricks': the indefinite article a reader expects before `word`."""
    return f"{'an' if word[:1].lower() in 'aeio' else 'a'} {word}"


def platform_of(catalogue: Catalogue, item_id: str) -> str | None:
    """The cloud or platform a credential belongs to; None for neutral ones and courses."""
    item = catalogue.credentials.get(item_id)
    return item.stack if isinstance(item, Credential) and item.stack in PLATFORMS else None


def _option(step: PathwayStep, cloud: str) -> tuple[Option, str, bool]:
    """The option for this cloud, else the default, the sentence that says why, and whether the cloud matched."""
    for option in step.options:
        if option.cloud == cloud:
            why = f" ({option.why})" if option.why else ""
            alternatives = [o.item for o in step.options if o.item and o is not option]
            if not alternatives:
                return option, f"Your cloud is {cloud}{why}.", True
            return option, f"Your cloud is {cloud}, so {option.item or 'nothing'} (MATCH-STACK){why}.", True
    plain = [o for o in step.options if o.cloud is None]
    option = next((o for o in step.options if o.default), plain[0] if plain else step.options[0])
    if len(step.options) == 1:
        return option, option.why or "", False
    named = ", ".join(sorted(o.cloud for o in step.options if o.cloud))
    why = f": {option.why}" if option.why else ""
    return (
        option,
        f"The options here are for {named}; for '{cloud}' the default applies (MATCH-STACK){why}.",
        False,
    )


def _on_own_cloud(
    catalogue: Catalogue, step: PathwayStep, item_id: str, why: str, *, cloud: str, second_cloud: str | None
) -> Choice:
    stack = platform_of(catalogue, item_id)
    if stack is None or stack in (cloud, second_cloud):
        return Choice(item_id, why, step.optional)
    if stack == "databricks" and "VENDOR-NEUTRAL" in step.rules:
        return Choice(
            item_id, why or "Databricks is the cloud-neutral choice here (VENDOR-NEUTRAL).", step.optional
        )
    found = catalogue.counterpart(item_id, cloud)
    if found is None and stack == "databricks":
        neutral = f"{item_id} stays: {cloud} has no counterpart and Databricks runs on every major cloud (MATCH-STACK)."
        return Choice(item_id, f"{why} {neutral}".strip(), step.optional)
    if found is None:
        return Choice(
            None,
            f"Skipped: {item_id} is {with_article(NAMES[stack])} credential with no {cloud} counterpart in the catalogue "
            f"(MATCH-STACK); give --second-cloud {stack} to keep it.",
        )
    other, group = found
    return Choice(
        other,
        f"The source names {item_id}, {with_article(NAMES[stack])} exam; your cloud is {cloud}, so {other} takes its place "
        f"as {group.purpose} (MATCH-STACK; --second-cloud {stack} keeps {item_id}).",
        step.optional,
        replaced=item_id,
    )


def _second_cloud_step(
    catalogue: Catalogue, step: PathwayStep, cloud: str, second_cloud: str | None
) -> Choice:
    target = second_cloud or (cloud if cloud in PLATFORMS else None)
    option, _, _ = _option(step, target or cloud)
    if target is None or option.item is None:
        return Choice(None, "Skipped: a second cloud is added only when you ask; give --second-cloud CLOUD.")
    item_id: str | None = option.item
    if platform_of(catalogue, option.item) != target:
        found = catalogue.counterpart(option.item, target)
        item_id = found[0] if found else None
    if item_id is None:
        return Choice(None, f"Skipped: no counterpart of {option.item} on {target} in the catalogue.")
    if second_cloud:
        return Choice(
            item_id, f"You asked for {second_cloud} as a second cloud, so {item_id} (MATCH-STACK).", True
        )
    return Choice(
        item_id,
        f"The source adds {option.item} as a second cloud; your own cloud is {cloud}, so this step is "
        f"{item_id}, your cloud's exam (MATCH-STACK). Give --second-cloud for another cloud.",
    )
