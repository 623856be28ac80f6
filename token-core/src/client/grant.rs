//! The form bodies of token requests (RFC 6749 sections 4.1.3, 4.4.2 and 6; RFC 7636; RFC 8707).

use super::ClientAuth;

/// One token request's grant.
#[derive(Clone, Copy)]
pub(crate) enum Grant<'a> {
    /// `grant_type=client_credentials`.
    ClientCredentials,
    /// `grant_type=refresh_token` with the refresh token.
    RefreshToken(&'a str),
    /// `grant_type=authorization_code`: the code, the redirect URI of the authorization request,
    /// and the PKCE code verifier when one was used.
    AuthorizationCode { code: &'a str, redirect_uri: &'a str, verifier: Option<&'a str> },
    /// Members of the caller's own (`grant_type` among them).
    Other(&'a [(&'a str, &'a str)]),
}

/// What the client adds to its grants: `scope` and `audience` to client credentials and to
/// other grants, `resource` (RFC 8707) to every grant.
#[derive(Clone, Debug, Default)]
pub(crate) struct Extras {
    pub(crate) scope: Option<String>,
    pub(crate) audience: Option<String>,
    pub(crate) resources: Vec<String>,
}

impl Grant<'_> {
    /// The request body, form-urlencoded: the grant's members, the extras that go with it, and
    /// the client's credentials when they go in the body.
    pub(crate) fn form(self, extras: &Extras, auth: &ClientAuth) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        let wants_scope = match self {
            Grant::ClientCredentials => {
                form.append_pair("grant_type", "client_credentials");
                true
            }
            Grant::RefreshToken(refresh_token) => {
                form.append_pair("grant_type", "refresh_token").append_pair("refresh_token", refresh_token);
                false
            }
            Grant::AuthorizationCode { code, redirect_uri, verifier } => {
                form.append_pair("grant_type", "authorization_code")
                    .append_pair("code", code)
                    .append_pair("redirect_uri", redirect_uri);
                if let Some(verifier) = verifier {
                    form.append_pair("code_verifier", verifier);
                }
                false
            }
            Grant::Other(params) => {
                form.extend_pairs(params);
                true
            }
        };
        if wants_scope {
            form.extend_pairs(extras.scope.as_deref().map(|scope| ("scope", scope)));
            form.extend_pairs(extras.audience.as_deref().map(|audience| ("audience", audience)));
        }
        form.extend_pairs(extras.resources.iter().map(|resource| ("resource", resource)));
        form.extend_pairs(auth.body_params());
        form.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extras() -> Extras {
        Extras {
            scope: Some("read write".into()),
            audience: Some("https://api.example.com".into()),
            resources: vec!["https://a.example/".into(), "urn:b".into()],
        }
    }

    #[test]
    fn grant_client_credentials_carries_scope_audience_resources() {
        let form = Grant::ClientCredentials.form(&extras(), &ClientAuth::basic("id", "secret"));
        assert_eq!(
            form,
            "grant_type=client_credentials&scope=read+write&audience=https%3A%2F%2Fapi.example.com\
             &resource=https%3A%2F%2Fa.example%2F&resource=urn%3Ab"
        );
    }

    #[test]
    fn grant_refresh_token_keeps_the_granted_scope() {
        let form = Grant::RefreshToken("tGzv3JOkF0XG5Qx2TlKWIA+/=").form(&extras(), &ClientAuth::body("id", "s&c"));
        assert_eq!(
            form,
            "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA%2B%2F%3D\
             &resource=https%3A%2F%2Fa.example%2F&resource=urn%3Ab&client_id=id&client_secret=s%26c"
        );
    }

    #[test]
    fn grant_authorization_code_with_and_without_verifier() {
        let code = Grant::AuthorizationCode {
            code: "SplxlOBeZQQYbYS6WxSbIA",
            redirect_uri: "https://client.example.com/cb",
            verifier: Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        };
        assert_eq!(
            code.form(&Extras::default(), &ClientAuth::public("cli")),
            "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA\
             &redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb\
             &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&client_id=cli"
        );
        let code = Grant::AuthorizationCode { code: "c", redirect_uri: "r", verifier: None };
        assert_eq!(
            code.form(&Extras::default(), &ClientAuth::basic("id", "s")),
            "grant_type=authorization_code&code=c&redirect_uri=r"
        );
    }

    #[test]
    fn grant_other_takes_the_callers_members() {
        let params = [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("device_code", "d c")];
        let form = Grant::Other(&params)
            .form(&Extras { scope: Some("s".into()), ..Extras::default() }, &ClientAuth::basic("i", "s"));
        assert_eq!(form, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=d+c&scope=s");
    }
}
