/**
 * A panel that throws while it renders or draws (its React root would otherwise unmount and leave a
 * blank box) shows what went wrong, as text, with "Try again"; the other panels are untouched (each
 * has its own root, panel-host.tsx). Editing the panel or its run sets (`resetKey`) tries again too.
 */
import { Component, type ErrorInfo, type ReactNode } from "react";
import { PanelMessage } from "./panel-body";

interface Props {
  /** A change of it (the panel's query and settings) clears the error. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string;
}

/** See the module comment. */
export class PanelErrorBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("[folio] a panel failed to draw", error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <PanelMessage state="error">
        <span className="form-error">This panel could not be drawn: {error.message || "unknown error"}</span>
        <button type="button" className="btn btn-small" onClick={this.retry}>Try again</button>
      </PanelMessage>
    );
  }
}
