/** `/signup`: creates an account (the first one becomes instance admin) and signs it in. */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthCard } from "~/components/auth-card";
import { Field } from "~/components/field";
import { RouteError } from "~/components/route-error";
import { safeRedirect } from "~/lib/safe-redirect";
import { getSignedIn, isFirstRun, signUpWithSession } from "~/utils/auth.server";
import { formError } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices } from "~/utils/services.server";

export const meta: MetaFunction = () => [{ title: "Sign up · Folio" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const services = getServices(context);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  if (await getSignedIn(services, request)) throw redirect(redirectTo || "/");
  return { firstRun: await isFirstRun(services), redirectTo };
}

// Shape only; the account service owns the real rules (length, uniqueness) and names the field.
const SignUpForm = z.object({
  name: z.string().trim().max(100).optional().transform((v) => v || undefined),
  email: z.string().trim().min(1, "Enter your email address"),
  password: z.string().min(1, "Choose a password"),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const services = getServices(context);
  const parsed = parseForm(SignUpForm, await request.formData());
  if (!parsed.ok) return parsed.response;
  const { redirectTo, ...input } = parsed.value;
  let cookie: string;
  try {
    cookie = await signUpWithSession(services, request, input);
  } catch (error) {
    return formError(error);
  }
  throw redirect(redirectTo ? safeRedirect(redirectTo) : "/?welcome=1", { headers: { "Set-Cookie": cookie } });
}

export default function SignUp() {
  const { firstRun, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const fieldError = (name: string) => (result?.field === name ? result.error : null);
  return (
    <AuthCard
      title={firstRun ? "Create the first account" : "Create your account"}
      subtitle={firstRun ? "You'll be this Folio's instance admin." : "Track training runs and share what you learn."}
      footer={
        <>
          Already have an account? <Link to={redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login"}>Log in</Link>
        </>
      }
    >
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {result?.error && !["name", "email", "password"].includes(result.field ?? "") ? (
          <p className="form-error" role="alert">
            {result.error}
          </p>
        ) : null}
        <Field label="Name" name="name" autoComplete="name" placeholder="Ada Lovelace" autoFocus error={fieldError("name")} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldError("email")} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          error={fieldError("password")}
          hint="At least 8 characters."
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
