// Passkeys (WebAuthn): ask the server for options, let the browser create or use a key, send
// the answer back. Forms marked data-passkey="register" or "login"; shown only when the
// browser supports WebAuthn.
(function () {
  "use strict";

  function toBytes(value) {
    const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function toText(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = toBytes(c.id); });
    return options;
  }

  function requestOptions(options) {
    options.challenge = toBytes(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = toBytes(c.id); });
    return options;
  }

  function answer(credential) {
    const r = credential.response;
    const json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(r.clientDataJSON) },
    };
    if (r.attestationObject) {
      json.response.attestationObject = toText(r.attestationObject);
      json.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      json.response.authenticatorData = toText(r.authenticatorData);
      json.response.signature = toText(r.signature);
      json.response.userHandle = r.userHandle ? toText(r.userHandle) : null;
    }
    return JSON.stringify(json);
  }

  async function run(form) {
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const headers = { "X-CSRFToken": token };
    const error = form.querySelector("[data-passkey-error]");
    error.textContent = "";
    try {
      const optionsResponse = await fetch(form.dataset.optionsUrl, { method: "POST", headers });
      if (!optionsResponse.ok) throw new Error("options");
      const options = await optionsResponse.json();
      const credential = form.dataset.passkey === "register"
        ? await navigator.credentials.create({ publicKey: creationOptions(options) })
        : await navigator.credentials.get({ publicKey: requestOptions(options) });
      const result = await fetch(form.dataset.url, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json" },
        body: answer(credential),
      });
      const data = await result.json();
      if (!result.ok) throw new Error(data.error || "");
      window.location.assign(data.next);
    } catch (e) {
      error.textContent = form.dataset.errorText || (e && e.message) || "";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.PublicKeyCredential) return;
    document.querySelectorAll("[data-passkey-section]").forEach((s) => { s.hidden = false; });
    document.querySelectorAll("form[data-passkey]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        run(form);
      });
    });
  });
})();
