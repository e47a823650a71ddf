"""An instrument's diagram: who gives what to whom, drawn by the server as
inline SVG from the stored actors and steps (a curator's edit redraws it).

The layout is a sequence diagram: one column per actor, one row per step,
an arrow from the actor something flows from to the one it flows to,
numbered like the steps listed beside it (their text alternative). Flows
differ by line pattern and name, not by colour alone, so the picture reads
in print and in forced-colours mode.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

COLUMN = 150
HEADER = 58
ROW = 54
MARGIN = 12
LABEL_CHARS = 17  # per line in an actor's box


BOX_WIDTH = 144
BOX_HEIGHT = 50


@dataclass
class Column:
    name: str
    lines: list
    x: int  # the lifeline's centre

    box_width = BOX_WIDTH
    box_height = BOX_HEIGHT

    @property
    def box_x(self):
        return self.x - BOX_WIDTH // 2

    @property
    def text_y(self):
        """The first line's baseline: the lines centred in the box, 15 apart."""
        return 4 + BOX_HEIGHT // 2 + 5 - (len(self.lines) - 1) * 15 // 2


@dataclass
class Arrow:
    number: int
    flow: str
    flow_label: str
    x1: int
    x2: int
    y: int
    text: str  # the step in words, for the description
    self_step: bool = False

    @property
    def label_x(self):
        return self.x1 + 36 if self.self_step else (self.x1 + self.x2) // 2

    @property
    def label_y(self):
        return self.y + 4 if self.self_step else self.y - 9

    @property
    def anchor(self):
        return "start" if self.self_step else "middle"

    @property
    def loop(self):
        """Path of a step that stays with its actor: out and back again."""
        return f"M{self.x1 + 11} {self.y - 6}h18v12h-12"

    @property
    def line_x2(self):
        """Stop short of the lifeline so the arrowhead stays visible."""
        if self.self_step:
            return self.x2
        return self.x2 - 6 if self.x2 > self.x1 else self.x2 + 6


@dataclass
class Diagram:
    slug: str
    title: str
    description: str
    columns: list = field(default_factory=list)
    arrows: list = field(default_factory=list)
    flows: list = field(default_factory=list)  # (value, label) in the legend
    width: int = 0
    height: int = 0

    header = HEADER


def wrap(text, width=LABEL_CHARS):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:3]


def build_diagram(instrument):
    """The diagram of ``instrument`` (actors and steps prefetched), or None
    when its steps have no arrows to draw."""
    actors = list(instrument.actors.all())
    steps = [step for step in instrument.steps.all() if step.source_id]
    if not actors or not steps:
        return None
    x_of = {}
    columns = []
    for i, actor in enumerate(actors):
        x = MARGIN + i * COLUMN + COLUMN // 2
        x_of[actor.pk] = x
        columns.append(Column(actor.name, wrap(actor.name), x))
    arrows = []
    for row, step in enumerate(steps):
        source = x_of[step.source_id]
        target = x_of.get(step.target_id, source)
        arrows.append(
            Arrow(
                number=step.order,
                flow=step.flow,
                flow_label=step.get_flow_display(),
                x1=source,
                x2=target,
                y=HEADER + 34 + row * ROW,
                text=" ".join(filter(None, [step.actor, step.action, step.recipient])),
                self_step=target == source,
            )
        )
    used = {step.flow for step in steps}
    flows = [(value, label) for value, label in steps[0].Flow.choices if value in used]
    names = ", ".join(actor.name for actor in actors)
    described = " ".join(
        f"{arrow.number}. {arrow.text} ({arrow.flow_label.lower()})." for arrow in arrows
    )
    return Diagram(
        slug=instrument.slug,
        title=gettext("%(name)s: aktörer och flöden") % {"name": instrument.name},
        description=gettext("Aktörer: %(names)s. %(steps)s") % {"names": names, "steps": described},
        columns=columns,
        arrows=arrows,
        flows=flows,
        width=2 * MARGIN + len(actors) * COLUMN,
        height=HEADER + 34 + len(arrows) * ROW,
    )
