/**
 * The Content-Security-Policy nonce of the response being rendered (server/http/
 * contentSecurityPolicy.ts), handed from entry.server to the root so Remix's inline scripts carry
 * it. Empty in the browser, which hides nonces from the DOM anyway.
 */
import { createContext, useContext } from "react";

/** Provides the nonce to the tree. */
export const NonceContext = createContext("");

/** The current response's nonce ("" when there is none). */
export function useNonce(): string {
  return useContext(NonceContext);
}
