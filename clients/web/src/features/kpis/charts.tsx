import { type ReactNode, useId } from 'react';

/** A chart's figure: named by its caption, or a note in its place when there is nothing to draw. */
function ChartFrame({
  title,
  empty,
  isEmpty,
  children,
}: {
  title: string;
  empty: string;
  isEmpty: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={id}>
      <figcaption id={id} className="chart__title">
        {title}
      </figcaption>
      {isEmpty ? <p className="chart__empty">{empty}</p> : children}
    </figure>
  );
}

export interface ChartDatum {
  /** Shown above the bar. */
  label: string;
  value: number;
  /** Drawn as a marker across the bar and written after the value when set. */
  target?: number | null;
  /** Written instead of the formatted value (a share beside a count, or "withheld" for a suppressed count). */
  display?: string;
}

export interface BarChartProps {
  title: string;
  data: readonly ChartDatum[];
  /** Formats values (Intl.NumberFormat of the page's locale). */
  format: (value: number) => string;
  /** "Target: 10" in the page's language. */
  targetText?: (target: string) => string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty: string;
}

/**
 * A horizontal bar chart that reads the same without the picture: each bar is a list item whose label and
 * value are text (so they wrap at 375 px and scale with the font size), the bar itself a small decorative SVG.
 * Targets are a dark marker and are also written out, so nothing is carried by colour alone.
 */
export function BarChart({ title, data, format, targetText, empty }: BarChartProps) {
  const max = Math.max(1, ...data.map((d) => Math.max(d.value, d.target ?? 0)));
  const width = (value: number) => Math.min(100, (value / max) * 100);

  return (
    <ChartFrame title={title} empty={empty} isEmpty={data.length === 0}>
      <ul className="chart__rows">
        {data.map((datum) => (
          <li key={datum.label} className="chart__row">
            <span className="chart__label">{datum.label}</span>
            <span className="chart__value">
              {datum.display ?? format(datum.value)}
              {datum.target != null && targetText ? (
                <span className="chart__target-text"> · {targetText(format(datum.target))}</span>
              ) : null}
            </span>
            <svg className="chart__svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
              <rect className="chart__track" x={0} y={1} width={100} height={8} />
              <rect className="chart__bar" x={0} y={1} width={width(datum.value)} height={8} />
              {datum.target != null ? (
                <rect
                  className="chart__target"
                  x={Math.max(0, width(datum.target) - 0.6)}
                  y={0}
                  width={1.2}
                  height={10}
                />
              ) : null}
            </svg>
          </li>
        ))}
      </ul>
    </ChartFrame>
  );
}

export interface ColumnChartProps {
  title: string;
  /** One column per year (or other ordered key), in order. */
  data: readonly ChartDatum[];
  format: (value: number) => string;
  empty: string;
  /** Heading of the table's targets row; the row is shown when a datum has a target. */
  targetLabel?: string;
}

/**
 * Columns over an ordered axis (years). The SVG is an image named by the title and described by a table of
 * the same figures right below it, which sighted readers can also use.
 */
export function ColumnChart({ title, data, format, empty, targetLabel }: ColumnChartProps) {
  const max = Math.max(1, ...data.map((d) => Math.max(d.value, d.target ?? 0)));
  const gap = 4;
  const columnWidth = data.length > 0 ? (100 - gap * (data.length - 1)) / data.length : 0;
  const top = (value: number) => 50 - (value / max) * 48;

  return (
    <ChartFrame title={title} empty={empty} isEmpty={data.length === 0}>
      <svg className="chart__columns" viewBox="0 0 100 50" preserveAspectRatio="none" aria-hidden="true">
        <line className="chart__axis" x1={0} y1={50} x2={100} y2={50} />
        {data.map((datum, index) => {
          const x = index * (columnWidth + gap);
          return (
            <g key={datum.label}>
              <rect
                className="chart__bar"
                x={x}
                y={top(datum.value)}
                width={columnWidth}
                height={50 - top(datum.value)}
              />
              {datum.target != null ? (
                <rect
                  className="chart__target"
                  x={x}
                  y={top(datum.target) - 0.5}
                  width={columnWidth}
                  height={1}
                />
              ) : null}
            </g>
          );
        })}
      </svg>
      <table className="chart__table">
        <tbody>
          <tr>
            {data.map((datum) => (
              <th key={datum.label} scope="col">
                {datum.label}
              </th>
            ))}
          </tr>
          <tr>
            {data.map((datum) => (
              <td key={datum.label}>{format(datum.value)}</td>
            ))}
          </tr>
          {targetLabel && data.some((d) => d.target != null) ? (
            <tr className="chart__targets">
              {data.map((datum) => (
                <td key={datum.label}>
                  <span className="visually-hidden">{targetLabel}: </span>
                  {datum.target == null ? '—' : format(datum.target)}
                </td>
              ))}
            </tr>
          ) : null}
        </tbody>
      </table>
    </ChartFrame>
  );
}
