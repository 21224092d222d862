/** Form controls for uncertain numbers on a scale: a slider with the scale's anchors, and exact fields. */
import { useEffect, useId, useRef, useState } from 'react';
import { anchorPoints, type Range, type Uncertain } from '@parley/core/scenario.js';
import { formatNumber, idProblem } from '../edit.js';
import { numberTextProblem, useFieldProblem } from '../fields.js';

/**
 * A number field that lets a person type freely and passes on each value that is a number.
 * Text that is not a number stays in the field (never silently replaced by the old value),
 * with a message in words under it, and holds the editor's saving until it is fixed.
 */
export function NumberInput({
  value,
  onValue,
  label,
  step,
  className,
}: {
  value: number;
  onValue: (value: number) => void;
  label: string;
  step?: number;
  className?: string;
}) {
  const [text, setText] = useState(formatNumber(value));
  const focused = useRef(false);
  const messageId = useId();
  useEffect(() => {
    if (!focused.current) setText(formatNumber(value));
  }, [value]);
  const problem = numberTextProblem(text);
  useFieldProblem(label, problem);
  return (
    <span className={`number-field ${className ?? ''}`}>
      <input
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={problem !== undefined}
        {...(problem ? { 'aria-describedby': messageId } : {})}
        className={`number ${problem ? 'invalid' : ''}`}
        value={text}
        data-step={step}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false;
          if (numberTextProblem(text) === undefined) setText(formatNumber(value));
        }}
        onChange={(event) => {
          setText(event.target.value);
          if (numberTextProblem(event.target.value) === undefined) onValue(Number(event.target.value.trim()));
        }}
      />
      {problem ? (
        <span className="field-problem" id={messageId} role="alert">
          {label}: {problem}
        </span>
      ) : null}
    </span>
  );
}

export interface ScaleProps {
  min: number;
  max: number;
  anchors?: Record<string, string>;
  statusQuo?: number;
}

/** A slider on the issue's scale, ticks at its anchors, and the anchors' meanings as buttons that set the value. */
export function ScaleSlider({ value, onValue, label, scale }: { value: number; onValue: (value: number) => void; label: string; scale: ScaleProps }) {
  const listId = useId();
  const span = scale.max - scale.min;
  const step = span > 0 ? span / 200 : 1;
  const anchors = anchorPoints(scale.anchors);
  const percent = (point: number) => (span > 0 ? ((point - scale.min) / span) * 100 : 0);
  return (
    <div className="scale-slider">
      <div className="slider-track">
        <input
          type="range"
          min={scale.min}
          max={scale.max}
          step={step}
          value={value}
          aria-label={label}
          list={listId}
          onChange={(event) => onValue(Number(event.target.value))}
        />
        <datalist id={listId}>
          {anchors.map((anchor) => (
            <option key={anchor.point} value={anchor.point} label={String(anchor.point)} />
          ))}
        </datalist>
        <div className="ticks" aria-hidden="true">
          {anchors.map((anchor) => (
            <span key={anchor.point} className="tick" style={{ left: `${percent(anchor.point)}%` }} />
          ))}
          {scale.statusQuo !== undefined ? (
            <span className="tick status-quo" style={{ left: `${percent(scale.statusQuo)}%` }} title={`status quo ${scale.statusQuo}`} />
          ) : null}
        </div>
      </div>
      <div className="scale-ends muted small">
        <span>{scale.min}</span>
        <span>{scale.max}</span>
      </div>
      {anchors.length > 0 ? (
        <ul className="anchors">
          {anchors.map((anchor) => (
            <li key={anchor.point}>
              <button
                type="button"
                className={`anchor ${Math.abs(anchor.point - value) < step ? 'current' : ''}`}
                onClick={() => onValue(anchor.point)}
                title={`set to ${anchor.point}`}
              >
                <b>{anchor.point}</b> {anchor.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * An uncertain value: one number, or a triangular range { low, mode, high } when the analyst
 * is unsure. The slider (or field) always sets the best guess.
 */
export function UncertainField({
  value,
  onValue,
  label,
  scale,
}: {
  value: Uncertain;
  onValue: (value: Uncertain) => void;
  label: string;
  /** A slider on this scale; none: a plain number field. */
  scale?: ScaleProps;
}) {
  const isRange = typeof value !== 'number';
  const mode = typeof value === 'number' ? value : value.mode;
  const setMode = (next: number) => onValue(isRange ? { ...(value as Range), mode: next } : next);
  const setPart = (part: keyof Range, next: number) => onValue({ ...(value as Range), [part]: next });
  return (
    <div className="uncertain">
      <div className="uncertain-head">
        <span className="field-label">{label}</span>
        {!isRange ? <NumberInput value={mode} onValue={setMode} label={label} /> : null}
        <label className="small">
          <input type="checkbox" checked={isRange} onChange={(event) => onValue(event.target.checked ? { low: mode, mode, high: mode } : mode)} /> range
        </label>
      </div>
      {isRange ? (
        <div className="range-fields">
          {(['low', 'mode', 'high'] as const).map((part) => (
            <label key={part} className="small">
              {part === 'mode' ? 'best guess' : part}
              <NumberInput value={(value as Range)[part]} onValue={(next) => setPart(part, next)} label={`${label} ${part === 'mode' ? 'best guess' : part}`} />
            </label>
          ))}
        </div>
      ) : null}
      {scale ? <ScaleSlider value={mode} onValue={setMode} label={`${label} slider`} scale={scale} /> : null}
    </div>
  );
}

/**
 * An id, changed on Enter or when the field is left: a new id that is empty, malformed or
 * taken is refused in words on the field, and the old id stays until it is fixed.
 */
export function IdField({ value, taken, onRename, label }: { value: string; taken: string[]; onRename: (next: string) => void; label: string }) {
  const [text, setText] = useState(value);
  const messageId = useId();
  useEffect(() => setText(value), [value]);
  const problem = idProblem(
    text.trim(),
    value,
    taken.filter((id) => id !== value),
  );
  useFieldProblem(label, problem);
  const commit = () => {
    const next = text.trim();
    if (
      next !== value &&
      idProblem(
        next,
        value,
        taken.filter((id) => id !== value),
      ) === undefined
    )
      onRename(next);
  };
  return (
    <span className="id-field">
      <input
        value={text}
        aria-label={label}
        aria-invalid={problem !== undefined}
        {...(problem ? { 'aria-describedby': messageId } : {})}
        className={`mono ${problem ? 'invalid' : ''}`}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setText(value);
        }}
      />
      {problem ? (
        <span className="field-problem" id={messageId} role="alert">
          {label}: {problem}
        </span>
      ) : text.trim() !== value ? (
        <span className="muted small"> Enter to rename: every reference follows</span>
      ) : null}
    </span>
  );
}
