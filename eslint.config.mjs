import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", "src/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    // Clinical rules stay pure: no database, framework or I/O in src/domain.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/generated/*", "@prisma/*", "@/db/*", "@/server/*", "next", "next/*", "node:*", "react"], message: "src/domain is pure: no Prisma, Next or I/O." },
          ],
        },
      ],
    },
  },
];

export default config;
