"""Prepares a fresh moto_server for manimd's S3 tests: an IAM user allowed s3:*, its
access key, and a bucket, made while auth is off; then, unless told otherwise, switches
signature checking on (reset-auth 0). Prints {"accessKeyId", "secretAccessKey"}.
  python3 moto_setup.py ENDPOINT BUCKET [--no-auth]"""
import json
import sys
import urllib.request

import boto3

endpoint, bucket = sys.argv[1], sys.argv[2]
anon = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup",
            aws_secret_access_key="setup")
iam = boto3.client("iam", **anon)
iam.create_user(UserName="manimd")
iam.put_user_policy(UserName="manimd", PolicyName="s3", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="manimd")["AccessKey"]
boto3.client("s3", **anon).create_bucket(Bucket=bucket)
if "--no-auth" not in sys.argv:
    urllib.request.urlopen(urllib.request.Request(
        endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
        headers={"Content-Type": "text/plain"})).read()
print(json.dumps({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}))
