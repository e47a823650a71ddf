"""The glossary's names as the search reads them: every published term with
its synonyms, kept per process while the content is unchanged, and the
names a query is expanded with."""

import re
from dataclasses import dataclass, field

from publishing.models import Status
from publishing.versions import kept_in_process

from .registry import vocabulary_model


def fold(text):
    return text.casefold()


def phrase_pattern(phrase):
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def _contains_phrase(text, phrase):
    return phrase_pattern(phrase).search(text) is not None


class Expansion(list):
    """The names a query is expanded with (sorted, for the page), and the
    terms they come from: ``groups`` holds every found term's names."""

    def __init__(self, names=(), groups=()):
        super().__init__(names)
        self.groups = [sorted(group) for group in groups]


@dataclass
class Vocabulary:
    """Every published glossary term with its names (the term and its synonyms)."""

    names: dict = field(default_factory=dict)  # term id → set of names
    also: dict = field(default_factory=dict)  # term id → the name of what it names

    @classmethod
    def load(cls):
        vocabulary = cls()
        model = vocabulary_model()
        if model is None:
            return vocabulary
        source = model.search_vocabulary
        columns = ["id", source.name_field, source.synonyms]
        if source.names_also:
            named = model._meta.get_field(source.names_also).related_model
            columns += [
                f"{source.names_also}__{named.search_result.title_field}",
                f"{source.names_also}__status",
            ]
        for row in model.objects.published().values_list(*columns):
            term_id, name, synonym = row[:3]
            names = vocabulary.names.setdefault(term_id, {name})
            if synonym:
                names.add(synonym)
            if source.names_also and row[4] == Status.PUBLISHED:
                vocabulary.also[term_id] = row[3]
        return vocabulary

    def expand(self, query):
        """Names of every term whose name (or a synonym) appears in the query."""
        folded = fold(query)
        found, groups = set(), []
        for term_id, names in self.names.items():
            if any(_contains_phrase(folded, fold(name)) for name in names):
                group = set(names)
                if term_id in self.also:
                    group.add(self.also[term_id])
                groups.append(group)
                found |= group
        return Expansion(sorted(name for name in found if fold(name) != folded), groups)

    def all_names(self):
        every = {name for names in self.names.values() for name in names}
        return sorted(every | set(self.also.values()))


@kept_in_process
def vocabulary():
    """The vocabulary as it is now."""
    return Vocabulary.load()
