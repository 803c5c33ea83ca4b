import { data } from "react-router";

// Any address no route claims: a real 404 through the error boundary.
export function loader() {
  throw data({ message: "If you typed the address, check it is correct. If you followed a link, it may be out of date." }, { status: 404 });
}

export default function NotFound() {
  return null;
}
