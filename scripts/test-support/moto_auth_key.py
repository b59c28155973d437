"""Prints an access key that a signature-checking moto server issued: `KEY SECRET`.

moto checks SigV4 signatures only when started with INITIAL_NO_AUTH_ACTION_COUNT and called with a key
it issued itself. The first three calls here are the unauthenticated ones: create a user, give it an
access key, allow it s3:*. The Swift S3 client's signature tests then run against that server
(OPENTRAIL_TEST_S3_AUTH_ENDPOINT and its keys)."""

import json
import sys

import boto3

endpoint = sys.argv[1]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="opentrail-test")
key = iam.create_access_key(UserName="opentrail-test")["AccessKey"]
iam.put_user_policy(UserName="opentrail-test", PolicyName="s3", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}))
print(key["AccessKeyId"], key["SecretAccessKey"])
