import { Component, type ReactNode } from 'react';

interface Props {
  fallback: ReactNode;
  /** Changing this resets the boundary (e.g. on navigation). */
  resetKey: string;
  children: ReactNode;
}

/** Keeps a page's rendering bug (or an API answer of an unexpected shape) from blanking the whole app. */
export class ErrorBoundary extends Component<Props, { failed: boolean; key: string }> {
  state = { failed: false, key: this.props.resetKey };

  static getDerivedStateFromError(): Partial<{ failed: boolean }> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: { failed: boolean; key: string }) {
    return props.resetKey === state.key ? null : { failed: false, key: props.resetKey };
  }

  componentDidCatch(error: unknown): void {
    console.error('roilens page failed to render', error);
  }

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
