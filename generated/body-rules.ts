// Generated from openapi/ by scripts/spec-build.ts (npm run generate). Do not edit.
// Field rules of request bodies the client checks before sending.
export const bodyRules = {
  "deviceCreate": {
    "SMS": {
      "required": [
        "type",
        "phone"
      ],
      "allowed": [
        "type",
        "phone",
        "status",
        "nickname",
        "policy",
        "testMode",
        "notification"
      ],
      "phones": [
        "phone"
      ]
    },
    "VOICE": {
      "required": [
        "type",
        "phone",
        "policy"
      ],
      "allowed": [
        "type",
        "phone",
        "extension",
        "status",
        "nickname",
        "policy",
        "testMode",
        "notification"
      ],
      "phones": [
        "phone"
      ]
    },
    "EMAIL": {
      "required": [
        "type",
        "email",
        "policy"
      ],
      "allowed": [
        "type",
        "email",
        "status",
        "nickname",
        "policy",
        "testMode",
        "notification"
      ],
      "phones": []
    },
    "WHATSAPP": {
      "required": [
        "type",
        "phone",
        "policy"
      ],
      "allowed": [
        "type",
        "phone",
        "status",
        "nickname",
        "policy",
        "notification"
      ],
      "phones": [
        "phone"
      ]
    },
    "TOTP": {
      "required": [
        "type"
      ],
      "allowed": [
        "type",
        "status",
        "nickname",
        "policy"
      ],
      "phones": []
    },
    "FIDO2": {
      "required": [
        "type",
        "rp",
        "policy"
      ],
      "allowed": [
        "type",
        "rp",
        "status",
        "nickname",
        "policy"
      ],
      "phones": []
    },
    "OATH_TOKEN": {
      "required": [
        "type",
        "serialNumber"
      ],
      "allowed": [
        "type",
        "serialNumber",
        "status",
        "nickname",
        "policy"
      ],
      "phones": []
    },
    "PINGID_DESKTOP_GEN2": {
      "required": [
        "type",
        "status"
      ],
      "allowed": [
        "type",
        "status",
        "nickname",
        "policy",
        "rp"
      ],
      "phones": []
    }
  },
  "oneTimeDevice": {
    "SMS": {
      "required": [
        "type",
        "phone"
      ],
      "allowed": [
        "type",
        "phone"
      ],
      "phones": [
        "phone"
      ]
    },
    "VOICE": {
      "required": [
        "type",
        "phone"
      ],
      "allowed": [
        "type",
        "phone"
      ],
      "phones": [
        "phone"
      ]
    },
    "EMAIL": {
      "required": [
        "type",
        "email"
      ],
      "allowed": [
        "type",
        "email"
      ],
      "phones": []
    }
  },
  "deviceAuthenticationCreate": {
    "required": [],
    "allowed": [
      "user",
      "selectedDevice",
      "policy",
      "notification",
      "rp",
      "application",
      "mobilePayload"
    ],
    "phones": []
  }
} as const;
