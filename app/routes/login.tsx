/** `/login?redirectTo=…`: email and password; brings the visitor back to where they were going. */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthCard, FirstRunBanner } from "~/components/auth-card";
import { Field } from "~/components/field";
import { RouteError } from "~/components/route-error";
import { safeRedirect } from "~/lib/safe-redirect";
import { getSignedIn, isFirstRun, logInWithSession } from "~/utils/auth.server";
import type { FormError } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices } from "~/utils/services.server";

export const meta: MetaFunction = () => [{ title: "Log in · Folio" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const services = getServices(context);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getSignedIn(services, request)) throw redirect(redirectTo);
  return { firstRun: await isFirstRun(services), redirectTo };
}

const LoginForm = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254),
  password: z.string().min(1, "Enter your password").max(1024),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const services = getServices(context);
  const parsed = parseForm(LoginForm, await request.formData());
  if (!parsed.ok) return parsed.response;
  const { email, password, redirectTo } = parsed.value;
  const cookie = await logInWithSession(services, request, email, password);
  if (!cookie) return data<FormError>({ error: "That email and password don't match an account." }, { status: 400 });
  if (typeof cookie === "object") {
    const minutes = Math.ceil(cookie.retryAfterMs / 60_000);
    return data<FormError>(
      { error: `Too many failed attempts for this email. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` },
      { status: 429, headers: { "Retry-After": String(Math.ceil(cookie.retryAfterMs / 1000)) } },
    );
  }
  throw redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { firstRun, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const fieldError = (name: string) => (result?.field === name ? result.error : null);
  const signupHref = redirectTo === "/" ? "/signup" : `/signup?redirectTo=${encodeURIComponent(redirectTo)}`;
  return (
    <AuthCard
      title="Log in"
      subtitle="Welcome back. Your runs kept going while you were away."
      banner={firstRun ? <FirstRunBanner signupHref={signupHref} /> : null}
      footer={
        <>
          New here? <Link to={signupHref}>Create an account</Link>
        </>
      }
    >
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {result?.error && !result.field ? (
          <p className="form-error" role="alert">
            {result.error}
          </p>
        ) : null}
        <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus error={fieldError("email")} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={fieldError("password")} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
