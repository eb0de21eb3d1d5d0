// The scene editor: CodeMirror 6 with Python highlighting and line numbers, plus line
// marks for the failing line (error) and the lines warnings name. Marks carry data-line
// so the browser test (and a curious user) can see which line is marked.
import { basicSetup } from "codemirror";
import { EditorView, Decoration, keymap } from "@codemirror/view";
import { EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { python } from "@codemirror/lang-python";

// Replaces every mark: [{line, kind: "error"|"warning", title}]; lines out of range are
// skipped (the code may have been edited since the render started).
const setMarks = StateEffect.define();

const marksField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setMarks)) continue;
      const ranges = [];
      for (const m of effect.value) {
        if (!Number.isInteger(m.line) || m.line < 1 || m.line > tr.state.doc.lines) continue;
        const line = tr.state.doc.line(m.line);
        ranges.push(
          Decoration.line({
            attributes: { class: `cm-${m.kind}-line`, "data-line": String(m.line), title: m.title || "" },
          }).range(line.from),
        );
      }
      // An error and a warning on one line: both classes apply, sorted by position.
      marks = Decoration.set(ranges, true);
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px", backgroundColor: "var(--editor-bg)" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-gutters": { backgroundColor: "var(--editor-gutter)", borderRight: "1px solid var(--line)" },
  ".cm-error-line": { backgroundColor: "var(--error-line)", boxShadow: "inset 3px 0 var(--error)" },
  ".cm-warning-line": { backgroundColor: "var(--warning-line)", boxShadow: "inset 3px 0 var(--warning)" },
});

// onChange(code) after every edit; onRun() on Ctrl/Cmd+Enter, which would otherwise insert
// a blank line.
export function createEditor(parent, doc, onChange, onRun) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }])),
        basicSetup,
        keymap.of([indentWithTab]),
        indentUnit.of("    "),
        python(),
        theme,
        marksField,
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
}

export function setCode(view, code) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code }, effects: setMarks.of([]) });
}

export function markLines(view, marks) {
  view.dispatch({ effects: setMarks.of(marks) });
  const first = marks.find((m) => m.kind === "error") || marks[0];
  if (first) revealLine(view, first.line, false);
}

// Scrolls `line` into view; with focus, also puts the cursor at its start.
export function revealLine(view, line, focus = true) {
  if (!Number.isInteger(line) || line < 1 || line > view.state.doc.lines) return;
  const pos = view.state.doc.line(line).from;
  view.dispatch({
    selection: focus ? { anchor: pos } : undefined,
    effects: EditorView.scrollIntoView(pos, { y: "center" }),
  });
  if (focus) view.focus();
}
