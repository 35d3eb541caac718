/** Small stroke icons (16×16, currentColor), inline so a self-hosted instance needs no icon font. */
type IconProps = { size?: number };

function Svg({ size = 16, children }: IconProps & { children: React.ReactNode }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {children}
    </svg>
  );
}

/** A house. */
export const HomeIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M2.5 7.2 8 2.5l5.5 4.7V13a.5.5 0 0 1-.5.5H9.8V10H6.2v3.5H3a.5.5 0 0 1-.5-.5z" />
  </Svg>
);

/** A key. */
export const KeyIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="5.2" cy="10.8" r="2.7" />
    <path d="m7.2 8.8 6.3-6.3M11.3 4.7l1.6 1.6M9.6 6.4l1.3 1.3" />
  </Svg>
);

/** A bell (notifications). */
export const BellIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1 1H3z" />
    <path d="M6.6 13.8a1.5 1.5 0 0 0 2.8 0" />
  </Svg>
);

/** A folder-like project box. */
export const ProjectIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="2.5" y="3" width="11" height="10" rx="1.5" />
    <path d="M2.5 6h11M5 9h3" />
  </Svg>
);

/** A line chart: runs. */
export const RunsIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M2.5 2.5v11h11" />
    <path d="m4.5 10 2.8-3.3 2.2 2 3.5-4.7" />
  </Svg>
);

/** An open eye: shown. */
export const EyeIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z" />
    <circle cx="8" cy="8" r="2" />
  </Svg>
);

/** A struck-through eye: hidden. */
export const EyeOffIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M6.4 3.8A6.6 6.6 0 0 1 8 3.5C12 3.5 14.5 8 14.5 8a12 12 0 0 1-1.9 2.4M4.1 5.1C2.5 6.3 1.5 8 1.5 8S4 12.5 8 12.5c1 0 1.9-.3 2.7-.7" />
    <path d="m2.5 2.5 11 11" />
  </Svg>
);

/** A pin. */
export const PinIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M6 2.5h4M6.8 2.5v4L4.5 9h7L9.2 6.5v-4M8 9v4.5" />
  </Svg>
);

/** A line chart. */
export const ChartIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M2.5 2.5v11h11" />
    <path d="m4.5 10.5 3-3.5 2.5 2 3.5-4.5" />
  </Svg>
);
